// How long unbroken text (host names, batch names, e-mails) wraps. In the wide tables it
// stays whole and the other columns give way; on the narrow cards (below `sm`) it may break
// anywhere rather than overflow the screen. Outside tables, `wrap-anywhere` suffices.
export const NAME_WRAP = "break-all sm:break-normal sm:wrap-break-word";
