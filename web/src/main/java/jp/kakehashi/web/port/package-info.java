/**
 * What the portals need from the domain, declared here so that {@code web} never imports the
 * appliance (DESIGN §5). The appliance implements every interface of this package; tests of the
 * web module implement them over real in-memory values.
 */
@NullMarked
package jp.kakehashi.web.port;

import org.jspecify.annotations.NullMarked;
