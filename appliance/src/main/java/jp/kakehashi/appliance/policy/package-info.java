/**
 * The policy in force and how it changes: versions proposed by one administrator, confirmed by a
 * second (four eyes), and put in force by the daemon only if they lint clean; otherwise the old
 * policy stays and the refusal, with where the file is broken, is audited.
 */
@NullMarked
package jp.kakehashi.appliance.policy;

import org.jspecify.annotations.NullMarked;
