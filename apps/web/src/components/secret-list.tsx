"use client";

import { useState, type ReactNode } from "react";
import { errorMessage, formatDate } from "@/lib/format";
import { useTextField } from "@/lib/use-text-field";

/** One stored secret as its owner sees it: never the secret itself, only when it was used. */
export interface SecretListItem {
  id: string;
  name: string | null;
  createdAt: Date | string;
  lastUsedAt: Date | string | null;
}

export interface SecretListText {
  /** Prefix of the name field's id: "key" → #key-name. */
  idPrefix: string;
  /** data-testid of the secret shown once. */
  secretTestId: string;
  nameLabel: string;
  namePlaceholder: string;
  createLabel: string;
  /** What the owner sees once after creating one (the secret itself follows it). */
  createdNote: (name: string) => ReactNode;
  copyLabel: string;
  emptyText: string;
  caption: string;
  nameColumn: string;
  revokeLabel: (name: string) => string;
}

interface MutationState<TData> {
  isPending: boolean;
  error: unknown;
  data?: TData;
}

/**
 * Secrets a person makes for other programs (API keys, app passwords): a name to create one,
 * the secret shown once with a copy button, a table of the existing ones with "Revoke".
 */
export function SecretList<TItem extends SecretListItem>({
  text,
  items,
  extraColumn,
  create,
  created,
  revoke,
  onCreate,
  onRevoke,
}: {
  text: SecretListText;
  items: TItem[];
  /** One more column between the name and "Created" (e.g. the key's first characters). */
  extraColumn?: { title: string; cell: (item: TItem) => ReactNode };
  create: MutationState<unknown>;
  /** The secret just created, shown once. */
  created: { name: string; secret: string } | null;
  revoke: MutationState<unknown>;
  onCreate: (name: string, done: () => void) => void;
  onRevoke: (id: string) => void;
}) {
  const [name, setName, nameRef] = useTextField<HTMLInputElement>();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <form
        className="row"
        style={{ alignItems: "end" }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          onCreate(name.trim(), () => {
            setName("");
            setCopied(false);
          });
        }}
      >
        <div style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor={`${text.idPrefix}-name`}>{text.nameLabel}</label>
          <input
            id={`${text.idPrefix}-name`}
            type="text"
            ref={nameRef}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            placeholder={text.namePlaceholder}
          />
        </div>
        <button type="submit" className="btn" disabled={create.isPending || !name.trim()}>
          {text.createLabel}
        </button>
      </form>
      {create.error ? (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      {created && (
        <div className="panel" style={{ background: "var(--surface-2)" }} role="status">
          <p>{text.createdNote(created.name)}</p>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <code className="keybox" data-testid={text.secretTestId} style={{ flex: 1 }}>
              {created.secret}
            </code>
            <button
              type="button"
              className="btn small"
              onClick={async () => {
                await navigator.clipboard.writeText(created.secret).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : text.copyLabel}
            </button>
          </div>
        </div>
      )}
      {items.length === 0 ? (
        <p className="muted">{text.emptyText}</p>
      ) : (
        <table style={{ width: "100%", borderCollapse: "collapse" }}>
          <caption className="sr-only">{text.caption}</caption>
          <thead>
            <tr style={{ textAlign: "left" }}>
              <th scope="col">{text.nameColumn}</th>
              {extraColumn && <th scope="col">{extraColumn.title}</th>}
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} style={{ borderTop: "1px solid var(--border)" }}>
                <td>{item.name}</td>
                {extraColumn && <td>{extraColumn.cell(item)}</td>}
                <td>{formatDate(item.createdAt)}</td>
                <td>
                  {item.lastUsedAt ? new Date(item.lastUsedAt).toLocaleString("en") : "Never"}
                </td>
                <td>
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-label={text.revokeLabel(item.name ?? "")}
                    disabled={revoke.isPending}
                    onClick={() => onRevoke(item.id)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error ? (
        <p className="error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      ) : null}
    </>
  );
}
