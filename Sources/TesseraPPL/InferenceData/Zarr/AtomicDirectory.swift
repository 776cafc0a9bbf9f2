import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a directory so that its path only ever shows a complete version: the new tree is built
/// in a hidden temporary directory beside the target and then renamed over it.
///
/// Over an existing directory, the two are exchanged in one step where the system can
/// (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on Darwin) and the old
/// tree removed after; elsewhere the old tree is first renamed aside (the target is then briefly
/// absent, never half-written) and restored if the second rename fails.
enum AtomicDirectory {
    /// Builds a directory with `build` (given the temporary directory to fill) and puts it at `target`.
    ///
    /// - Parameter replacing: whether an existing directory at `target` may be replaced; it is
    ///   asked the existing path and throws to refuse.
    static func write(to target: URL, replacing check: (URL) throws -> Void, build: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let target = target.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InferenceDataError.io("write: the folder \(parent.path) does not exist; create it first")
        }
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                throw InferenceDataError.io("write: \(target.path) exists and is a file, not a store; remove it or choose another path")
            }
            try check(target)
        }
        let token = UUID().uuidString.prefix(8)
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(token)")
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
            try build(temporary)
        } catch {
            try? fm.removeItem(at: temporary)
            if let e = error as? InferenceDataError { throw e }
            throw InferenceDataError.io("write: could not write \(target.path): \(error.localizedDescription)")
        }
        if !exists {
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: temporary)
                throw InferenceDataError.io("write: could not move the new store to \(target.path): \(reason)")
            }
            return
        }
        if exchange(temporary.path, target.path) {
            try? fm.removeItem(at: temporary)  // now the old tree
            return
        }
        let aside = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(token)")
        guard rename(target.path, aside.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: temporary)
            throw InferenceDataError.io("write: could not replace \(target.path): \(reason)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(aside.path, target.path)
            try? fm.removeItem(at: temporary)
            throw InferenceDataError.io("write: could not replace \(target.path): \(reason)")
        }
        try? fm.removeItem(at: aside)
    }

    /// Exchanges two paths atomically; `false` where the system cannot.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        // renameat2 is in glibc ≥ 2.28 but not in Swift's Glibc module; look it up at run time.
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2  // RENAME_EXCHANGE
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #elseif canImport(Darwin)
        return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }
}
