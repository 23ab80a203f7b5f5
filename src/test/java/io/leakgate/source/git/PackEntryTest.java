package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class PackEntryTest {
    private static final ObjectId BASE = ObjectId.fromString("00000000000000000000000000000000000000ba");

    @Test
    void readsTheTypeTheSizeAndWhereTheDataStarts() throws Exception {
        byte[] header = CraftedPack.header(CraftedPack.BLOB, 1_000_000);

        PackEntry e = PackEntry.parse(header, 0, header.length, 100);

        assertThat(e.type()).isEqualTo(CraftedPack.BLOB);
        assertThat(e.size()).isEqualTo(1_000_000);
        assertThat(e.headerLength()).isEqualTo(header.length);
        assertThat(e.isDelta()).isFalse();
    }

    @Test
    void readsTheBaseOfAnOffsetDeltaAndOfAnIdDelta() throws Exception {
        // distance 300 in git's encoding: 0x81 0x2c ((1 + 1) << 7 | 0x2c = 300)
        byte[] ofs = CraftedPack.concat(CraftedPack.header(CraftedPack.OFS_DELTA, 5), new byte[] {(byte) 0x81, 0x2c});
        byte[] name = new byte[20];
        BASE.copyRawTo(name, 0);
        byte[] ref = CraftedPack.concat(CraftedPack.header(CraftedPack.REF_DELTA, 5), name);

        assertThat(PackEntry.parse(ofs, 0, ofs.length, 1000).baseOffset()).isEqualTo(700);
        assertThat(PackEntry.parse(ref, 0, ref.length, 1000).baseId()).isEqualTo(BASE);
        assertThat(PackEntry.parse(ref, 0, ref.length, 1000).headerLength()).isEqualTo(21);
    }

    @Test
    void aSizeOfMoreThanSixtyFourBitsIsCorrupt() {
        byte[] header = new byte[10];
        Arrays.fill(header, (byte) 0xff);
        header[9] = 0x7f;

        assertThatThrownBy(() -> PackEntry.parse(header, 0, header.length, 12))
                .isInstanceOf(CorruptPackException.class).hasMessageContaining("64 bits");
    }

    @Test
    void theLargestSizeThatFitsIsRead() throws Exception {
        byte[] header = CraftedPack.header(CraftedPack.BLOB, Long.MAX_VALUE);

        assertThat(PackEntry.parse(header, 0, header.length, 12).size()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aHeaderThatRunsPastItsBytesIsCorruptNotAnIndexError() {
        byte[] header = {(byte) 0xb5, (byte) 0x80, (byte) 0x80};
        byte[] ofs = {(byte) 0x65, (byte) 0x81};
        byte[] ref = CraftedPack.concat(CraftedPack.header(CraftedPack.REF_DELTA, 5), new byte[19]);

        assertThatThrownBy(() -> PackEntry.parse(header, 0, header.length, 12)).hasMessageContaining("does not end");
        assertThatThrownBy(() -> PackEntry.parse(ofs, 0, ofs.length, 500)).hasMessageContaining("does not end");
        assertThatThrownBy(() -> PackEntry.parse(ref, 0, ref.length, 12)).hasMessageContaining("cut short");
        assertThatThrownBy(() -> PackEntry.parse(new byte[4], 2, 0, 12)).isInstanceOf(CorruptPackException.class);
    }

    @Test
    void anOffsetDeltaNamingItselfOrAPlaceBeforeTheFirstObjectIsCorrupt() {
        byte[] self = CraftedPack.concat(CraftedPack.header(CraftedPack.OFS_DELTA, 5), new byte[] {0});
        byte[] before = CraftedPack.concat(CraftedPack.header(CraftedPack.OFS_DELTA, 5), new byte[] {0x10});

        assertThatThrownBy(() -> PackEntry.parse(self, 0, self.length, 40)).hasMessageContaining("itself");
        assertThatThrownBy(() -> PackEntry.parse(before, 0, before.length, 20))
                .hasMessageContaining("before the pack's first object");
    }
}
