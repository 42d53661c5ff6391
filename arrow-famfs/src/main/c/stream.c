/*
 * An Arrow C stream (the Arrow C stream interface, ABI-stable) over record batches whose
 * ArrowArray structures the Java side has already written into native memory, pointing at
 * buffers inside shared famfs mappings.
 *
 * Why native: a stream exported by Arrow Java calls back into the JVM for every batch and for
 * every release, from the consumer's threads. DuckDB's scan threads are not JVM threads, so
 * each callback attaches and detaches a thread: about 0.4 ms per batch, which made a scan of
 * 1M-row batches 1.5x slower than a native DuckDB table. Here get_next is a struct copy.
 *
 * Ownership: the Java side owns the batches, the schema template and every buffer, and keeps
 * them alive until after the stream is released and the consumer has dropped every reference
 * (it drops DuckDB's view first). Arrays handed out are borrowed: their release callback only
 * marks them released. The schema is deep-copied for each get_schema call, because the consumer
 * owns (and frees) what get_schema returns.
 *
 * Bound from Java by io.arrowfamfs.nativeio.Bindings.HelperLib (jnr-ffi).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

struct ArrowArrayStream {
    int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *);
    int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *);
    const char *(*get_last_error)(struct ArrowArrayStream *);
    void (*release)(struct ArrowArrayStream *);
    void *private_data;
};

struct stream_state {
    const struct ArrowSchema *schema; /* template, owned by Java */
    const struct ArrowArray *batches; /* count top-level arrays, owned by Java */
    int64_t count;
    int64_t next;
    const char *error;
};

/* Arrays are borrowed from Java: releasing one only marks it released. */
static void release_borrowed(struct ArrowArray *array)
{
    array->release = NULL;
}

/* The release callback the Java side writes into every ArrowArray it builds. */
intptr_t aff_borrowed_release(void)
{
    return (intptr_t)release_borrowed;
}

static void release_schema(struct ArrowSchema *schema)
{
    for (int64_t i = 0; i < schema->n_children; i++) {
        if (schema->children[i] != NULL) {
            if (schema->children[i]->release != NULL)
                schema->children[i]->release(schema->children[i]);
            free(schema->children[i]);
        }
    }
    free(schema->children);
    if (schema->dictionary != NULL) {
        if (schema->dictionary->release != NULL)
            schema->dictionary->release(schema->dictionary);
        free(schema->dictionary);
    }
    free((void *)schema->format);
    free((void *)schema->name);
    free((void *)schema->metadata);
    schema->release = NULL;
}

/* Metadata is int32 pair count, then per pair int32 length + key bytes, int32 length + value bytes. */
static size_t metadata_size(const char *metadata)
{
    int32_t pairs, length;
    size_t at = sizeof pairs;
    memcpy(&pairs, metadata, sizeof pairs);
    for (int32_t i = 0; i < 2 * pairs; i++) {
        memcpy(&length, metadata + at, sizeof length);
        at += sizeof length + (size_t)length;
    }
    return at;
}

static int copy_bytes(const char *source, size_t size, const char **target)
{
    char *copy;
    *target = NULL;
    if (source == NULL)
        return 0;
    copy = malloc(size);
    if (copy == NULL)
        return ENOMEM;
    memcpy(copy, source, size);
    *target = copy;
    return 0;
}

/* Deep copy; on failure the partial copy is released and ENOMEM returned. */
static int copy_schema(const struct ArrowSchema *source, struct ArrowSchema *target)
{
    memset(target, 0, sizeof *target);
    target->release = release_schema;
    target->flags = source->flags;
    if (copy_bytes(source->format, strlen(source->format) + 1, &target->format)
        || copy_bytes(source->name, source->name ? strlen(source->name) + 1 : 0, &target->name)
        || copy_bytes(source->metadata, source->metadata ? metadata_size(source->metadata) : 0, &target->metadata))
        goto fail;
    if (source->n_children > 0) {
        target->children = calloc((size_t)source->n_children, sizeof *target->children);
        if (target->children == NULL)
            goto fail;
        target->n_children = source->n_children;
        for (int64_t i = 0; i < source->n_children; i++) {
            target->children[i] = malloc(sizeof **target->children);
            if (target->children[i] == NULL || copy_schema(source->children[i], target->children[i]))
                goto fail;
        }
    }
    if (source->dictionary != NULL) {
        target->dictionary = malloc(sizeof *target->dictionary);
        if (target->dictionary == NULL || copy_schema(source->dictionary, target->dictionary))
            goto fail;
    }
    return 0;
fail:
    release_schema(target);
    return ENOMEM;
}

static int get_schema(struct ArrowArrayStream *stream, struct ArrowSchema *out)
{
    struct stream_state *state = stream->private_data;
    if (copy_schema(state->schema, out)) {
        state->error = "out of memory copying the stream's schema";
        return ENOMEM;
    }
    return 0;
}

static int get_next(struct ArrowArrayStream *stream, struct ArrowArray *out)
{
    struct stream_state *state = stream->private_data;
    int64_t index = __atomic_fetch_add(&state->next, 1, __ATOMIC_RELAXED);
    if (index >= state->count) {
        memset(out, 0, sizeof *out); /* release == NULL: end of stream */
        return 0;
    }
    *out = state->batches[index];
    out->release = release_borrowed;
    return 0;
}

static const char *get_last_error(struct ArrowArrayStream *stream)
{
    return ((struct stream_state *)stream->private_data)->error;
}

static void release_stream(struct ArrowArrayStream *stream)
{
    free(stream->private_data);
    stream->private_data = NULL;
    stream->release = NULL;
}

/*
 * Makes *stream a stream of the count arrays at batches, whose schema is a copy of *schema.
 * Returns 0, or ENOMEM with *stream untouched.
 */
int aff_stream_init(struct ArrowArrayStream *stream, const struct ArrowSchema *schema,
                    const struct ArrowArray *batches, int64_t count)
{
    struct stream_state *state = malloc(sizeof *state);
    if (state == NULL)
        return ENOMEM;
    state->schema = schema;
    state->batches = batches;
    state->count = count;
    state->next = 0;
    state->error = NULL;
    stream->get_schema = get_schema;
    stream->get_next = get_next;
    stream->get_last_error = get_last_error;
    stream->release = release_stream;
    stream->private_data = state;
    return 0;
}

/* Releases *stream unless it is already released (moved to a consumer, or never filled). */
void aff_stream_release(struct ArrowArrayStream *stream)
{
    if (stream->release != NULL)
        stream->release(stream);
}
