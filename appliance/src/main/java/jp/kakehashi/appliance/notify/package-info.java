/**
 * Notices by mail: what the audit trail records that concerns a person (a file for them, an
 * approval to give or given, a quarantine for the officers) becomes a short Japanese mail to
 * their address, queued durably and handed to the LGWAN mail relay. Never the file, never a
 * password.
 */
@NullMarked
package jp.kakehashi.appliance.notify;

import org.jspecify.annotations.NullMarked;
