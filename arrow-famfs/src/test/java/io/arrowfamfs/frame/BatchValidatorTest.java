package io.arrowfamfs.frame;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.junit.jupiter.api.Test;

/** Offsets that Arrow's cheap validate() accepts but that would send a raw-pointer reader out of bounds. */
class BatchValidatorTest {
    @Test
    void stringOffsetsMustNotDecreaseOrLeaveTheData() {
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector names = new VarCharVector("name", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(names)) {
            for (int i = 0; i < 10; i++) {
                names.setSafe(i, ("value" + i).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(10);
            BatchValidator.validate(root);
            int last = names.getOffsetBuffer().getInt(40);
            names.getOffsetBuffer().setInt(20, last + 1000); // offset 5 far past the data, offset 10 still fine
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> BatchValidator.validate(root));
            assertTrue(e.getMessage().startsWith("offsets of name invalid at index 6"), e.getMessage());
            names.getOffsetBuffer().setInt(20, 25);
            names.getOffsetBuffer().setInt(0, -4);
            assertThrows(IllegalArgumentException.class, () -> BatchValidator.validate(root));
        }
    }

    @Test
    void listOffsetsAreCheckedAgainstTheChildAndChildrenRecursively() {
        try (BufferAllocator allocator = new RootAllocator();
                ListVector lists = ListVector.empty("lists", allocator)) {
            UnionListWriter writer = lists.getWriter();
            for (int i = 0; i < 5; i++) {
                writer.setPosition(i);
                writer.startList();
                for (int j = 0; j <= i; j++) {
                    writer.integer().writeInt(j);
                }
                writer.endList();
            }
            lists.setValueCount(5);
            try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(lists.getField()), List.of(lists), 5)) {
                BatchValidator.validate(root);
                assertEquals(15, ((IntVector) lists.getDataVector()).getValueCount());
                lists.getOffsetBuffer().setInt(12, 1); // offset 3 below offset 2
                assertThrows(IllegalArgumentException.class, () -> BatchValidator.validate(root));
            }
        }
    }
}
