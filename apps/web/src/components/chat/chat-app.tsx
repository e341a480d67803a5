"use client";

import { LIMITS } from "@harmoniq/db/constants";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { errorMessage } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { useTextField } from "@/lib/use-text-field";

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn ghost small"
      aria-label={`Copy ${label}`}
      onClick={async () => {
        await navigator.clipboard.writeText(text).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function Conversations({ activeId }: { activeId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.chat.list.queryOptions({ limit: 50 }));
  const create = useMutation(
    trpc.chat.create.mutationOptions({
      onSuccess: (c) => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
        router.push(`/chat/${c.id}`);
      },
    }),
  );
  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: (r) => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
        if (r.id === activeId) router.push("/chat");
      },
    }),
  );
  const items = list.data?.items ?? [];
  return (
    <nav className="panel" aria-label="Conversations">
      <button
        type="button"
        className="btn"
        style={{ width: "100%" }}
        onClick={() => create.mutate({})}
        disabled={create.isPending}
      >
        + New conversation
      </button>
      {items.length === 0 ? (
        <p className="muted small" style={{ marginTop: 12 }}>
          No conversations yet.
        </p>
      ) : (
        <ul className="list" style={{ marginTop: 8 }}>
          {items.map((c) => (
            <li key={c.id} className="row between" style={{ flexWrap: "nowrap" }}>
              <Link
                href={`/chat/${c.id}`}
                aria-current={c.id === activeId ? "page" : undefined}
                style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
              >
                {c.title}
              </Link>
              <button
                type="button"
                className="icon-btn small"
                aria-label={`Delete conversation ${c.title}`}
                onClick={() => {
                  if (window.confirm(`Delete “${c.title}”?`)) remove.mutate({ id: c.id });
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function Conversation({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const key = trpc.chat.byId.queryKey({ id, limit: 50 });
  const { data: convo } = useQuery(trpc.chat.byId.queryOptions({ id, limit: 50 }));
  const [text, setText, textRef] = useTextField<HTMLTextAreaElement>();
  const [pendingUser, setPendingUser] = useState<string | null>(null);
  const [streaming, setStreaming] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const endRef = useRef<HTMLDivElement | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
  };
  const makeSong = useMutation(trpc.chat.makeSong.mutationOptions({ onSuccess: refresh }));
  const rename = useMutation(
    trpc.chat.rename.mutationOptions({
      onSuccess: () => {
        setRenaming(false);
        refresh();
      },
    }),
  );

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [convo?.messages.items.length, streaming]);

  async function send() {
    const content = text.trim();
    if (!content || streaming !== null) return;
    setText("");
    setError(null);
    setNote(null);
    setPendingUser(content);
    setStreaming("");
    try {
      const events = await client.chat.send.mutate({ conversationId: id, content });
      for await (const ev of events) {
        if (ev.type === "delta") setStreaming((s) => (s ?? "") + ev.text);
        else if (ev.type === "done") {
          if (ev.note) setNote(ev.note);
          queryClient.setQueryData(key, (old) =>
            old ? { ...old, draft: ev.draft, songId: ev.songId } : old,
          );
        }
      }
    } catch (e) {
      setError(errorMessage(e));
      setText(content);
    } finally {
      await queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
      setPendingUser(null);
      setStreaming(null);
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  if (!convo) return null;
  const draft = convo.draft;
  const songId = makeSong.data?.songId ?? convo.songId;
  const draftFields: [string, string | undefined][] = [
    ["Title", draft.title],
    ["Mood", draft.mood],
    ["Genre", draft.genre],
    ["Theme", draft.theme],
  ];

  return (
    <>
      <section className="panel" aria-labelledby="convo-title">
        <div className="row between">
          {renaming ? (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                rename.mutate({ id, title: String(f.get("title") ?? "").trim() });
              }}
            >
              <label htmlFor="convo-rename" className="sr-only">
                Conversation title
              </label>
              <input
                id="convo-rename"
                name="title"
                type="text"
                defaultValue={convo.title}
                maxLength={LIMITS.conversationTitleMax}
              />
              <button type="submit" className="btn small">
                Save
              </button>
            </form>
          ) : (
            <h1 id="convo-title" style={{ fontSize: "1.3rem" }}>
              {convo.title}
            </h1>
          )}
          {!renaming && (
            <button type="button" className="btn ghost small" onClick={() => setRenaming(true)}>
              Rename
            </button>
          )}
        </div>
        <div
          className="messages"
          aria-live="polite"
          aria-label="Messages"
          role="log"
          data-testid="messages"
          tabIndex={0}
        >
          {convo.messages.items.length === 0 && pendingUser === null && (
            <p className="muted">Ask the songwriting assistant for a theme, a verse or a chorus.</p>
          )}
          {convo.messages.items.map((m) => (
            <div key={m.id} className={`msg ${m.role}${m.status === "failed" ? " failed" : ""}`}>
              <span className="sr-only">{m.role === "user" ? "You" : "Assistant"}: </span>
              {m.content}
              {m.status === "failed" && <span className="small muted"> (interrupted)</span>}
            </div>
          ))}
          {pendingUser !== null && (
            <div className="msg user">
              <span className="sr-only">You: </span>
              {pendingUser}
            </div>
          )}
          {streaming !== null && (
            <div className="msg assistant" data-testid="streaming">
              <span className="sr-only">Assistant: </span>
              {streaming || "…"}
            </div>
          )}
          <div ref={endRef} />
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          style={{ marginTop: 12 }}
        >
          <label htmlFor="chat-input">Message</label>
          <textarea
            id="chat-input"
            ref={textRef}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            maxLength={LIMITS.messageMax}
            rows={3}
            style={{ minHeight: 70 }}
            aria-describedby="chat-hint"
          />
          <div className="row between">
            <span id="chat-hint" className="small muted">
              Enter to send, Shift+Enter for a new line.
            </span>
            <button
              type="submit"
              className="btn small"
              disabled={!text.trim() || streaming !== null}
            >
              {streaming !== null ? "Replying…" : "Send"}
            </button>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {note && <p className="small muted">{note}</p>}
        </form>
      </section>
      <aside className="panel stack" aria-labelledby="draft-title" data-testid="draft">
        <h2 id="draft-title">Draft</h2>
        {draftFields.every(([, v]) => !v) && !draft.lyrics ? (
          <p className="muted small">
            The draft fills in as you talk: title, lyrics, mood and genre.
          </p>
        ) : (
          <dl style={{ margin: 0 }}>
            {draftFields
              .filter(([, v]) => v)
              .map(([label, value]) => (
                <div key={label} style={{ marginBottom: 6 }}>
                  <dt className="small muted">{label}</dt>
                  <dd className="row between" style={{ margin: 0, flexWrap: "nowrap" }}>
                    <span>{value}</span>
                    <CopyButton text={value!} label={label.toLowerCase()} />
                  </dd>
                </div>
              ))}
          </dl>
        )}
        {draft.lyrics && (
          <div>
            <div className="row between">
              <h3 style={{ margin: 0 }}>Lyrics</h3>
              <CopyButton text={draft.lyrics} label="lyrics" />
            </div>
            <p className="lyrics small" style={{ marginTop: 6 }}>
              {draft.lyrics}
            </p>
          </div>
        )}
        <button
          type="button"
          className="btn"
          disabled={!draft.lyrics || makeSong.isPending}
          onClick={() => makeSong.mutate({ id })}
        >
          {makeSong.isPending ? "Making the song…" : "Make it a song"}
        </button>
        {makeSong.error && (
          <p className="error" role="alert">
            {errorMessage(makeSong.error)}
          </p>
        )}
        {songId && (
          <p>
            <Link href={`/songs/${songId}`}>Open the song made from this chat</Link>
          </p>
        )}
      </aside>
    </>
  );
}

export function ChatApp({ activeId }: { activeId: string | null }) {
  return (
    <div className="chat-layout">
      <Conversations activeId={activeId} />
      {activeId ? (
        <Conversation id={activeId} />
      ) : (
        <section className="panel empty" style={{ gridColumn: "span 2" }}>
          <h1>Songwriting assistant</h1>
          <p className="muted">Start a new conversation or open one from the list.</p>
        </section>
      )}
    </div>
  );
}
