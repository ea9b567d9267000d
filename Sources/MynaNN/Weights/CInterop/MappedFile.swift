#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
import MynaCore

/// A whole file mapped read-only into memory; `deinit` unmaps it.
///
/// Readers parse the mapping in place and hand out byte views of it, so opening a 150 MB model costs no copy.
/// Thread-safety: `@unchecked Sendable` because the mapping is `PROT_READ`, fixed at init and never written, so any
/// number of threads may read `bytes` concurrently; only `deinit` unmaps, when no reference remains.
final class MappedFile: @unchecked Sendable {
    /// The path as given, used in error messages.
    let path: String
    /// The file's bytes; empty (with a nil base) for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`; throws `WeightLoadingError` `.notFound` / `.unreadable` naming the failing call.
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            throw WeightLoadingError(code == ENOENT ? .notFound : .unreadable, location: path,
                                     message: Self.describe(call: "open", code: code))
        }
        defer { _ = close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) != 0 {
            throw WeightLoadingError(.unreadable, location: path, message: Self.describe(call: "fstat", code: errno))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw WeightLoadingError(.unreadable, location: path, message: "is a folder, not a weight file")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else {
            throw WeightLoadingError(.unreadable, location: path, message: Self.describe(call: "mmap", code: errno))
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { _ = munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// The funnel for failed libc calls: names the call, its errno and the system's message.
    private static func describe(call: String, code: Int32) -> String {
        let message = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "\(call) failed: errno \(code) (\(message))"
    }
}
