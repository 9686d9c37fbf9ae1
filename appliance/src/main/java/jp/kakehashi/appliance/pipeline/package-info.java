/**
 * The life of a file (DESIGN §3): every file that crosses a zone boundary is a transfer item
 * moving through one state machine. Each step is one {@link jp.kakehashi.appliance.pipeline.Stage}
 * returning a sealed {@link jp.kakehashi.appliance.pipeline.StageOutcome}; the {@link
 * jp.kakehashi.appliance.pipeline.Pipeline} audits and persists it (compare-and-set on the state)
 * before the next begins, so a crash at any point resumes where it stopped and nothing is
 * published twice or lost.
 *
 * <pre>
 * RECEIVED → DETECTED → SCANNED → POLICY_CHECKED → SANITIZED → INDEXED → PUBLISHED
 *     └──────────┴──────────┴───────────┴──────────────┴──→ BLOCKED | QUARANTINED (reason, always)
 *                                                 SANITIZED → AWAITING_APPROVAL → INDEXED
 *                                                                  └──→ REJECTED (rejected, expired, bytes changed)
 * </pre>
 *
 * <p>An item the policy sends for approval waits in AWAITING_APPROVAL for people, not for a step:
 * the approval workflow decides it, and the pipeline takes it on once every request is approved
 * and the rendition still has the hash they were given for.
 */
@NullMarked
package jp.kakehashi.appliance.pipeline;

import org.jspecify.annotations.NullMarked;
