/**
 * PPAP without the risk: a file that arrives encrypted is held, and its recipient or sender may
 * type the password on the portal. The appliance opens it in a worker, and the opened copy goes
 * through the whole pipeline (scan, policy, disarm) as a new file. The password is used for that
 * one call and never logged, stored or shown; wrong passwords are counted per file.
 */
@NullMarked
package jp.kakehashi.appliance.ppap;

import org.jspecify.annotations.NullMarked;
