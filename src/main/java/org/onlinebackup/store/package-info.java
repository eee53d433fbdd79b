/**
 * The backup repository ({@code --repo}): a directory that holds images under names it chooses, and its manifest;
 * the binlog archive will live beside the images (docs/repository.md is the design of the whole). Not to be
 * confused with {@code repository/}, where the tool keeps its own bookkeeping. No java.sql, no JBeret: a repository
 * can be listed without a server.
 */
package org.onlinebackup.store;
