/**
 * The tamper-evident audit log: append-only JSON lines, each carrying the SHA-256 of the one
 * before, with Ed25519-signed checkpoints (Bouncy Castle), and the verifier an auditor runs
 * offline. Audit events are evidence, never log lines (STYLE §11).
 *
 * <pre>
 * audit.jsonl        {"hash":"&lt;sha256(prev-hash || record)&gt;","record":{"seq":1,"prev":"000…",...}}
 * checkpoints.jsonl  {"seq":64,"hash":"…","time":"…","signature":"&lt;Ed25519 over 'kakehashi-audit/1 seq hash'&gt;"}
 * audit-public.key   the verifying key, base64 of the raw 32-byte Ed25519 public key
 * </pre>
 */
@NullMarked
package jp.kakehashi.appliance.audit;

import org.jspecify.annotations.NullMarked;
