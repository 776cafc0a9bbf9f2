import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Compiles C translation units into shared libraries with the toolchain's `clang`
/// (or `$CC`), caches them on disk by a hash of source, compiler and flags, and loads them.
public final class CCompiler: @unchecked Sendable {
    /// The compiler command; `nil` when none was found.
    public let path: String?
    /// Where compiled libraries are cached.
    public let cacheDirectory: URL
    /// Flags: optimised and vectorised, IEEE infinities and NaN kept (no fast-math).
    public static let flags = ["-O3", "-march=native", "-fPIC", "-shared", "-fno-math-errno", "-fno-trapping-math",
                               "-ffp-contract=off", "-fveclib=libmvec", "-lm", "-lmvec", "-w"]

    private let lock = NSLock()
    private var loaded: [String: UnsafeMutableRawPointer] = [:]
    private var versionCache: String?
    /// How many times the compiler was run (cache hits do not count).
    public private(set) var compilerRuns = 0
    /// How many compiled libraries were found in the cache.
    public private(set) var cacheHits = 0

    /// The compiler used by default: `$CC` when set, else `clang` on the `PATH` (the Swift toolchain's).
    public static let shared = CCompiler(path: CCompiler.findDefault(), cacheDirectory: CCompiler.defaultCacheDirectory())

    public init(path: String?, cacheDirectory: URL) {
        self.path = path
        self.cacheDirectory = cacheDirectory
    }

    static func findDefault() -> String? {
        if let cc = ProcessInfo.processInfo.environment["CC"], !cc.isEmpty { return cc }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for dir in paths {
            let candidate = "\(dir)/clang"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func defaultCacheDirectory() -> URL {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["TESSERA_CACHE_DIR"] { return URL(fileURLWithPath: dir) }
        if let xdg = env["XDG_CACHE_HOME"] { return URL(fileURLWithPath: xdg).appendingPathComponent("tessera") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tessera")
    }

    nonisolated(unsafe) private static var versions: [String: String] = [:]
    private static let versionLock = NSLock()

    /// The compiler's version line, part of the cache key (asked once per compiler path and process).
    func version() throws -> String {
        lock.lock(); defer { lock.unlock() }
        if let v = versionCache { return v }
        if let path, let v = Self.versionLock.withLock({ Self.versions[path] }) { versionCache = v; return v }
        guard let path else { throw TesseraError.unsupported("no C compiler found (set CC, or put clang on the PATH)") }
        let (status, out) = try Self.runProcess(path, ["--version"])
        guard status == 0 else { throw TesseraError.unsupported("C compiler '\(path)' does not run (--version exited \(status))") }
        let v = out.split(separator: "\n").first.map(String.init) ?? path
        versionCache = v
        Self.versionLock.withLock { Self.versions[path] = v }
        return v
    }

    /// Compiles (or finds in the cache) `source` and returns a handle to the loaded library.
    ///
    /// - Throws: when there is no compiler or the compile fails (with the compiler's message).
    func library(for source: String) throws -> UnsafeMutableRawPointer {
        let key = Self.hash(source + "\u{0}" + (try version()) + "\u{0}" + Self.flags.joined(separator: " "))
        lock.lock()
        if let h = loaded[key] { lock.unlock(); return h }
        lock.unlock()
        let fm = FileManager.default
        try fm.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let lib = cacheDirectory.appendingPathComponent("tessera_\(key).so")
        let src = cacheDirectory.appendingPathComponent("tessera_\(key).c")
        let cachedSource = try? String(contentsOf: src, encoding: .utf8)
        if fm.fileExists(atPath: lib.path), cachedSource == source {
            lock.lock(); cacheHits += 1; lock.unlock()
        } else {
            try compile(source, to: lib, sourceFile: src)
        }
        guard let handle = dlopen(lib.path, RTLD_NOW | RTLD_LOCAL) else {
            let err = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw TesseraError.unsupported("could not load the compiled function \(lib.path): \(err)")
        }
        lock.lock(); loaded[key] = handle; lock.unlock()
        return handle
    }

    private func compile(_ source: String, to lib: URL, sourceFile: URL) throws {
        guard let path else { throw TesseraError.unsupported("no C compiler found (set CC, or put clang on the PATH)") }
        // Write to unique temporary names, then rename: concurrent compiles never see a half file.
        let tag = "\(ProcessInfo.processInfo.processIdentifier)_\(UInt64.random(in: 0...UInt64.max))"
        let tmpSource = cacheDirectory.appendingPathComponent("tmp_\(tag).c")
        let tmpLib = cacheDirectory.appendingPathComponent("tmp_\(tag).so")
        defer {
            try? FileManager.default.removeItem(at: tmpSource)
            try? FileManager.default.removeItem(at: tmpLib)
        }
        try source.write(to: tmpSource, atomically: false, encoding: .utf8)
        lock.lock(); compilerRuns += 1; lock.unlock()
        let (status, output) = try Self.runProcess(path, [tmpSource.path, "-o", tmpLib.path] + Self.flags)
        guard status == 0 else {
            let first = output.split(separator: "\n").prefix(3).joined(separator: " | ")
            throw TesseraError.unsupported("C compile failed (\(path) exited \(status)): \(first)")
        }
        _ = rename(tmpLib.path, lib.path)
        _ = rename(tmpSource.path, sourceFile.path)
    }

    static func runProcess(_ path: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch {
            throw TesseraError.unsupported("could not run the C compiler '\(path)': \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// FNV-1a, 64-bit, twice with different seeds: a 128-bit cache key.
    static func hash(_ s: String) -> String {
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x84222325_cbf29ce4
        for b in s.utf8 {
            h1 = (h1 ^ UInt64(b)) &* 0x100_0000_01b3
            h2 = (h2 ^ UInt64(b)) &* 0x100_0000_01b3 &+ 0x9E37
        }
        return String(h1, radix: 16) + String(h2, radix: 16)
    }
}

/// One-line warnings to standard error, each said once per process.
enum Warnings {
    nonisolated(unsafe) private static var said = Set<String>()
    private static let lock = NSLock()

    static func once(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        guard said.insert(message).inserted else { return }
        fflush(nil)  // after what the program has printed so far, not in the middle of it
        FileHandle.standardError.write(Data("tessera: warning: \(message)\n".utf8))
    }
}
