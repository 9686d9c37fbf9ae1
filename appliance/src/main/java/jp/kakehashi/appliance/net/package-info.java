/**
 * What every listener shares at the connection level, before anyone has signed in: how many
 * connections one source address may hold, and the record of a connection refused for it.
 */
@NullMarked
package jp.kakehashi.appliance.net;

import org.jspecify.annotations.NullMarked;
