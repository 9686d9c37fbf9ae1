/** Hostile specimens made by code, and an independent reader for what the sanitizer writes. */
package jp.kakehashi.sanitizer.specimens;
