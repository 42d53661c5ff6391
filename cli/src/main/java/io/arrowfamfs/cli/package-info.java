/**
 * The {@code arrow-famfs} command line (DESIGN.md section 5 is its contract). Every verb that
 * touches a device takes {@code -d/--device} and {@code --node-id}; every verb has
 * {@code -h/--help} and {@code help VERB}, each with its exit statuses and an example;
 * {@code --json} prints one JSON document on stdout. Usage errors exit 2 with one line and a hint
 * to the verb's help; runtime failures exit 1 with one line {@code arrow-famfs: what failed: why};
 * stack traces only with {@code --debug} or {@code $ARROW_FAMFS_DEBUG=1} (see {@code Failures}).
 */
package io.arrowfamfs.cli;
