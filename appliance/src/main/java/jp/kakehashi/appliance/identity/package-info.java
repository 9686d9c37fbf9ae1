/**
 * Accounts, their zone and role, and how they prove who they are: Argon2id password hashes
 * (Bouncy Castle) and OpenSSH public keys. A partner account can never hold an administrative
 * role, and every account belongs to exactly one zone.
 */
@NullMarked
package jp.kakehashi.appliance.identity;

import org.jspecify.annotations.NullMarked;
