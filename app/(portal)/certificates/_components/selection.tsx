"use client";
// Row selection for bulk revoke, shared by the results table (its rows' checkboxes), the
// select-all box and the bulk bar. Selection is per page: it resets when the search or the
// page changes (the rows are different ones).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export interface SelectedCertificate {
  serial: string;
  commonName: string;
}

interface SelectionState {
  selected: ReadonlyMap<string, SelectedCertificate>;
  toggle: (item: SelectedCertificate, on: boolean) => void;
  setAll: (items: readonly SelectedCertificate[], on: boolean) => void;
  clear: () => void;
}

const SelectionContext = createContext<SelectionState | null>(null);

export function SelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlyMap<string, SelectedCertificate>>(new Map());
  const toggle = useCallback((item: SelectedCertificate, on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (on) next.set(item.serial, item);
      else next.delete(item.serial);
      return next;
    });
  }, []);
  const setAll = useCallback((items: readonly SelectedCertificate[], on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const item of items) {
        if (on) next.set(item.serial, item);
        else next.delete(item.serial);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  const value = useMemo(() => ({ selected, toggle, setAll, clear }), [selected, toggle, setAll, clear]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useSelection(): SelectionState {
  const state = useContext(SelectionContext);
  if (!state) throw new Error("useSelection needs a SelectionProvider above it");
  return state;
}

/** The selection, or null where the viewer may not revoke (no SelectionProvider above). */
export function useSelectionIfAny(): SelectionState | null {
  return useContext(SelectionContext);
}

/** .row-box in app/globals.css: the one class every result row's checkbox has (../_lib/rows-html.ts). */
const boxClass = "row-box";

export function SelectAllCheckbox({ items }: { items: readonly SelectedCertificate[] }) {
  const { selected, setAll } = useSelection();
  const count = items.filter((i) => selected.has(i.serial)).length;
  const all = items.length > 0 && count === items.length;
  return (
    <input
      type="checkbox"
      className={boxClass}
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = count > 0 && !all;
      }}
      disabled={items.length === 0}
      onChange={(e) => setAll(items, e.target.checked)}
      aria-label="Select every certificate on this page"
    />
  );
}
