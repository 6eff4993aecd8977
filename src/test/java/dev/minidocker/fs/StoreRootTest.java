package dev.minidocker.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which store roots are trusted and how an old store's modes are repaired. Runs as any user: the
 * test's own directories are owned by whoever runs it, which the check allows (root, or the invoking
 * user when that is not root); only the foreign-owner case needs root, to chown.
 */
class StoreRootTest {
    @TempDir
    Path tmp;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static int rawMode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aMissingRootIsAcceptedAndNotCreated() {
        Path root = tmp.resolve("a/b/store");
        assertEquals(root, StoreRoot.open(root));
        assertFalse(Files.exists(tmp.resolve("a")), "its first writer creates it, with StoreFiles' modes");
    }

    @Test
    void anOldStoresModesAreRepairedAtItsTopOnly() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path deep = Files.createDirectories(root.resolve("containers/0123/upper"));
        Files.createDirectories(root.resolve("layers/abcd/diff"));
        Files.createDirectories(root.resolve("images"));
        for (Path p : new Path[] {root, root.resolve("containers"), root.resolve("layers"), root.resolve("images"), deep}) {
            chmod(p, "rwxr-xr-x");
        }
        StoreRoot.open(root);
        assertEquals("rwx--x---", mode(root), "the root: Docker's 0710");
        for (String d : new String[] {"containers", "layers", "images"}) assertEquals("rwx------", mode(root.resolve(d)), d);
        assertEquals("rwxr-xr-x", mode(deep), "no tree walk: deeper entries are out of reach behind 0700");
        assertEquals("rwxr-xr-x", mode(root.resolve("layers/abcd/diff")));

        chmod(root, "rwx------");
        StoreRoot.open(root);
        assertEquals("rwx------", mode(root), "a stricter root is left alone");
    }

    @Test
    void aRootOthersCanWriteIsRefusedOnOneLine() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("store"));
        chmod(root, "rwxrwxrwx");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> StoreRoot.open(root));
        assertEquals("refusing store root " + root + ": " + root + " is writable by its group and others (mode 0777);"
                + " only its owner may write the store root", e.getMessage());
        assertEquals("rwxrwxrwx", mode(root), "refused, not repaired: others may have written into it already");

        chmod(root, "rwxr-x---");
        Files.createDirectories(root.resolve("layers"));
        chmod(root.resolve("layers"), "rwxrwx---");
        e = assertThrows(MiniDockerException.class, () -> StoreRoot.open(root));
        assertTrue(e.getMessage().endsWith(root.resolve("layers") + " is writable by its group (mode 0770);"
                + " only its owner may write the store root"), e.getMessage());
    }

    @Test
    void aWritableDirectoryAboveTheRootIsRefusedUnlessSticky() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path root = shared.resolve("store");
        chmod(shared, "rwxrwxrwx");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> StoreRoot.verify(root));
        assertEquals("refusing store root " + root + ": " + shared + " is writable by its group and others (mode 0777);"
                + " only its owner may write the store root and the directories above it (unless sticky, like /tmp)",
                e.getMessage());
        Files.setAttribute(shared, "unix:mode", 01777);
        assertEquals(01777, rawMode(shared));
        StoreRoot.verify(root); // like /tmp: others cannot rename or remove what is not theirs
    }

    @Test
    void aSymlinkIsFollowedAndItsTargetChecked() throws IOException {
        Path unsafe = Files.createDirectories(tmp.resolve("unsafe"));
        Path store = Files.createDirectories(unsafe.resolve("store"));
        chmod(unsafe, "rwxrwxrwx");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), store);
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> StoreRoot.verify(link));
        assertTrue(e.getMessage().startsWith("refusing store root " + link + ": " + unsafe + " is writable"), e.getMessage());
        chmod(unsafe, "rwxr-xr-x");
        StoreRoot.verify(link);
        StoreRoot.verify(link.resolve("missing/store"));
    }

    @Test
    void aRegularFileIsNoRoot() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> StoreRoot.open(file));
        assertEquals("refusing store root " + file + ": " + file + " is not a directory", e.getMessage());
    }

    @Test
    @RootOnly
    void aDirectoryAboveTheRootOwnedByAnotherUserIsRefused() throws IOException {
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> StoreRoot.open(theirs.resolve("store")));
        assertEquals("refusing store root " + theirs.resolve("store") + ": " + theirs + " is owned by uid 65534;"
                + " only root may own the store root and the directories above it", e.getMessage());
    }
}
