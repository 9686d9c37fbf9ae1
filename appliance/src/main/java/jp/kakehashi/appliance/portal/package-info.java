/**
 * The web portals' side in the appliance: the HTTPS listener of each zone, its certificate, and
 * the implementations of the {@code web} module's ports over the appliance's stores.
 */
@NullMarked
package jp.kakehashi.appliance.portal;

import org.jspecify.annotations.NullMarked;
