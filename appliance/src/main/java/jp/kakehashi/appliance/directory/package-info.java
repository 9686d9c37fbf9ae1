/**
 * The municipality's directory (Active Directory or OpenLDAP) over LDAPS or StartTLS, through the
 * UnboundID LDAP SDK: the adapter behind {@link jp.kakehashi.appliance.identity.DirectorySource}.
 */
@NullMarked
package jp.kakehashi.appliance.directory;

import org.jspecify.annotations.NullMarked;
