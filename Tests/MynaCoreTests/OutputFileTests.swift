import Foundation
import MynaCore
import MynaTestSupport
import Testing

/// `OutputFile`, the one writer of result files: whole or nothing, replacing what was there, never leaving its
/// temporary file behind. The oracle is the file system itself: what the folder holds afterwards, byte for byte.
@Suite struct OutputFileTests {
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    private func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writingTwiceOverAUsersFileReplacesItEachTime() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("notes.txt").path
            try Data("the user's own file\n".utf8).write(to: URL(fileURLWithPath: path))
            for round in 1...3 {
                try OutputFile.write("round \(round)\n", to: path)
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "round \(round)\n")
                #expect(try contents(folder) == ["notes.txt"])
            }
        }
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("private.json").path
            try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, 0o640) == 0)
            try OutputFile.write("[1]", to: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o640)
        }
    }

    @Test func nothingAppearsUntilCommitAndDiscardLeavesTheOldFile() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("out.bin").path
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            let file = try OutputFile(path: path)
            try file.write(Data(repeating: 7, count: 100_000))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
            #expect(try contents(folder).count == 2)  // out.bin and the hidden temporary file
            file.discard()
            #expect(try contents(folder) == ["out.bin"])
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
            #expect(throws: OutputFileError.self) { try file.commit() }
        }
    }

    @Test func aWriterReleasedWithoutCommitLeavesNothing() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("never.txt").path
            do {
                let file = try OutputFile(path: path)
                try file.write(Data("half".utf8))
            }
            #expect(try contents(folder).isEmpty)
        }
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        try withFolder { folder in
            let target = folder.appendingPathComponent("target.txt").path
            let link = folder.appendingPathComponent("link.txt").path
            try Data("before".utf8).write(to: URL(fileURLWithPath: target))
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            try OutputFile.write("after", to: link)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "after")
            #expect(try contents(folder) == ["link.txt", "target.txt"])
        }
    }

    @Test func destinationsThatCannotBeWrittenAreRefusedUpFrontNamingThePath() throws {
        try withFolder { folder in
            let cases: [(path: String, says: String)] = [
                (folder.path, "is a folder"),
                (folder.appendingPathComponent("missing/out.txt").path, "does not exist"),
                ("", "empty"),
            ]
            for (path, says) in cases {
                let error = try #require(throws: OutputFileError.self) { try OutputFile(path: path) }
                #expect(error.code == .invalidDestination)
                #expect(error.location == path)
                #expect(error.message.contains(says), "\(error)")
            }
            #expect(try contents(folder).isEmpty)
        }
    }

    /// /sys is read-only for every user, root included (a chmod 0555 folder is not: root writes into it).
    @Test func aReadOnlyFolderIsRefusedAsTheUsersInput() throws {
        let path = "/sys/myna-output-test.txt"
        let error = try #require(throws: OutputFileError.self) { try OutputFile.write("x", to: path) }
        #expect(error.code == .invalidDestination)
        #expect(error.description.hasPrefix(path + ": "))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A device is written in place (it cannot be replaced); /dev/full fails every write with ENOSPC, as a full disk.
    @Test func aFullDeviceIsAWriteFailureWithTheSystemsReason() throws {
        let error = try #require(throws: OutputFileError.self) { try OutputFile.write("x", to: "/dev/full") }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains(String(cString: strerror(ENOSPC))), "\(error)")
        // Written in place: a rename over it (which root may do) would leave a regular file where the device was.
        try OutputFile.write("discarded", to: "/dev/null")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func checkDestinationSaysWhereTheBytesGo() throws {
        try withFolder { folder in
            let fresh = folder.appendingPathComponent("new.wav").path
            #expect(try OutputFile.checkDestination(fresh) == OutputFile.Destination(regular: fresh))
            let null = try OutputFile.checkDestination("/dev/null")
            #expect(null.special == "/dev/null" && null.isCharacterDevice)
        }
    }
}
