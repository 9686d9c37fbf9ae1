/**
 * Updates as whole versions: a bundle signed with the vendor's Ed25519 key (Bouncy Castle) is
 * verified before anything is unpacked, installed beside the running version, switched to, and
 * switched back when the new version does not become healthy.
 *
 * <pre>
 * bundle   = "kakehashi-update/1\n" manifest-json "\n" base64(Ed25519(manifest-json)) "\n" payload
 * payload  = tar.gz of the release directory: VERSION, lib/*.jar, runtime/ (a jlink runtime)
 * releases = DIR/VERSION/ ..., DIR/current -&gt; the release the service starts
 * </pre>
 */
@NullMarked
package jp.kakehashi.appliance.update;

import org.jspecify.annotations.NullMarked;
