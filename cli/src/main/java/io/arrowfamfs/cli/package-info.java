/**
 * The {@code arrow-famfs} command line (DESIGN.md section 5 is its contract). Every verb takes
 * {@code -d/--device} and {@code --node-id}; {@code --json} prints one JSON document on stdout;
 * errors go to stderr as {@code arrow-famfs: message} with exit status 1 (2 for usage errors).
 */
package io.arrowfamfs.cli;
