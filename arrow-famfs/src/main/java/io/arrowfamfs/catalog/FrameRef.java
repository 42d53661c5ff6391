package io.arrowfamfs.catalog;

/** One committed frame of a table: its famfs file, size and rows, and the commit that published it. */
public record FrameRef(String path, long rows, long bytes, int batches, long commit) {}
