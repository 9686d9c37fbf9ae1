/**
 * The portal's pages: jte templates ({@code src/main/jte}) compiled to Java at build time, the
 * values they show, and {@link jp.kakehashi.web.pages.Pages}, the one way to render them. Every
 * {@code ${...}} in a template is escaped for where it stands (text, attribute, URL).
 */
@NullMarked
package jp.kakehashi.web.pages;

import org.jspecify.annotations.NullMarked;
