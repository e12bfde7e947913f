/**
 * lib/inventory: the local certificate inventory as pages see it — search, CSV export,
 * "Ask Sectigo", certificate detail and the CRL check. Public parts only.
 */
import "server-only";

export { rowDtoFromCertificate, rowDtoFromListItem, type CertificateRowDto } from "./certificate-dto";
export {
  COUNT_CAP,
  CSV_HEADER,
  exportCertificatesCsv,
  inventorySearch,
  MAX_EXPORT_ROWS,
  searchInventory,
  type InventorySearchParams,
  type InventorySearchResult,
} from "./search";
export { askSectigo, commonNameOf, type AskSectigoInput, type AskSectigoResult } from "./ask-sectigo";
export { getCertificateDetail, type CertificateDetailDto, type ChainCertificateDto } from "./detail";
export { checkCrl, CRL_FETCH_TIMEOUT_MS, type CheckCrlOptions, type CrlCheckResult } from "./crl-check";
export { indexBatchCertificates, type DownloadedCertificate } from "./index-certificates";
