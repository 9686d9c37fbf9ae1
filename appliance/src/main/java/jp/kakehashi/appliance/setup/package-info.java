/**
 * First boot: {@code kakehashi setup} turns an administrator's answers (a file, or questions at the
 * console) into the appliance's configuration, the segments' network files, the portals' TLS
 * certificate and the first administrator. Every answer is checked first and every problem named;
 * only then is anything written, each file whole.
 */
@NullMarked
package jp.kakehashi.appliance.setup;

import org.jspecify.annotations.NullMarked;
