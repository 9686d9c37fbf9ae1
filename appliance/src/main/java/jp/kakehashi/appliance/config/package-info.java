/** The appliance's one configuration file: typed keys, dashed names, defaults, errors with file and line. */
@NullMarked
package jp.kakehashi.appliance.config;

import org.jspecify.annotations.NullMarked;
