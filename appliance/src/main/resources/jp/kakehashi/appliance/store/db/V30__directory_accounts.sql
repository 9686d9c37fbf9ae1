-- Staff accounts that come from the municipality's directory (LDAP or Active Directory) keep the
-- entry's distinguished name here. They have no password of ours, and the directory is asked
-- about them at every sign-in and request. Local accounts leave it empty.
ALTER TABLE accounts ADD COLUMN directory_dn TEXT;
