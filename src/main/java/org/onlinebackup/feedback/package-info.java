/**
 * User-visible feedback: message ids, the exception that carries them.
 * Invariant: every message shown to a user has a stable id and fits on one line.
 */
package org.onlinebackup.feedback;
