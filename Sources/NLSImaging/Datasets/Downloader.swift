import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one URL into a file the way dataset fetchers need it:
///
/// - the bytes go to `FILE.part` beside the destination, which is renamed onto it only when
///   complete and verified (an interrupted or failed download never leaves a half file
///   under the final name);
/// - a `.part` left by an earlier attempt is resumed with an HTTP `Range` request (a server
///   that answers 200 instead of 206 sends everything again, and the part is restarted);
/// - an MD5 checksum, when known, is verified; on a mismatch the part is removed;
/// - `shouldStop` is asked between chunks (Ctrl-C): the transfer stops, the part stays for
///   a later resume, and `CancellationError` is thrown;
/// - `progress(received, total)` reports bytes (total nil when the server does not say).
public struct Downloader {
    public var shouldStop: () -> Bool
    public var progress: ((Int64, Int64?) -> Void)?
    public var timeout: TimeInterval

    public init(shouldStop: @escaping () -> Bool = { false }, progress: ((Int64, Int64?) -> Void)? = nil, timeout: TimeInterval = 60) {
        self.shouldStop = shouldStop
        self.progress = progress
        self.timeout = timeout
    }

    /// What `fetch` did, for messages and tests.
    public enum Outcome: Equatable { case cached, downloaded, resumed }

    /// Downloads `url` to `destination` unless it is already there (and matches `md5`).
    @discardableResult
    public func fetch(_ url: String, to destination: String, md5: String? = nil, resume: Bool = true) throws -> Outcome {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination) {
            if let md5, try MD5.file(destination) != md5.lowercased() {
                throw ImagingError("\(destination): checksum mismatch with \(url) (expected MD5 \(md5)); remove the file to download it again")
            }
            return .cached
        }
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else {
            throw ImagingError("not a valid http(s) URL: \(url)")
        }
        let dir = (destination as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            catch { throw ImagingError("cannot create the data directory \(dir): \(error.localizedDescription)") }
        }
        let part = destination + ".part"
        if !resume { try? fm.removeItem(atPath: part) }
        var offset: Int64 = 0
        if let attrs = try? fm.attributesOfItem(atPath: part), let size = attrs[.size] as? NSNumber { offset = size.int64Value }
        var outcome: Outcome = offset > 0 ? .resumed : .downloaded
        var status = try transfer(u, to: part, from: offset)
        if status == 416 && offset > 0 {
            // The part is not a prefix the server recognises (the file changed?): start over.
            try? fm.removeItem(atPath: part)
            outcome = .downloaded
            status = try transfer(u, to: part, from: 0)
        }
        guard (200..<300).contains(status) else {
            throw ImagingError("could not download \(url): the server answered HTTP \(status)")
        }
        if let md5 {
            let got = try MD5.file(part)
            if got != md5.lowercased() {
                try? fm.removeItem(atPath: part)
                throw ImagingError("checksum mismatch for \(url): expected MD5 \(md5.lowercased()), got \(got); the partial file was removed, run the fetch again to download it anew")
            }
        }
        if rename(part, destination) != 0 {
            throw ImagingError("cannot move the download onto \(destination): \(String(cString: strerror(errno)))")
        }
        return outcome
    }

    /// One HTTP request, appending to `part` from `offset` (Range) or writing it anew when
    /// the server sends the whole file. Returns the HTTP status.
    private func transfer(_ url: URL, to part: String, from offset: Int64) throws -> Int {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        let task = Transfer(part: part, offset: offset, shouldStop: shouldStop, progress: progress)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: config, delegate: task, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        // Waits in slices so that Ctrl-C is noticed even while no data arrives.
        while task.done.wait(timeout: .now() + 0.1) == .timedOut {
            if shouldStop() { task.cancelled = true; session.invalidateAndCancel() }
        }
        try? task.file?.close()
        if task.cancelled { throw CancellationError() }
        if let error = task.failure {
            throw ImagingError("could not download \(url.absoluteString): \(error) (no connection? files already downloaded are kept; a partial download resumes next time)")
        }
        return task.status
    }
}

/// The delegate of one request: writes the body into the part file as it arrives.
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let part: String
    let offset: Int64
    let shouldStop: () -> Bool
    let progress: ((Int64, Int64?) -> Void)?
    let done = DispatchSemaphore(value: 0)
    var file: FileHandle?
    var status = 0
    var received: Int64 = 0
    var total: Int64?
    var failure: String?
    var cancelled = false
    private var finished = false

    init(part: String, offset: Int64, shouldStop: @escaping () -> Bool, progress: ((Int64, Int64?) -> Void)?) {
        self.part = part; self.offset = offset; self.shouldStop = shouldStop; self.progress = progress
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        status = (response as? HTTPURLResponse)?.statusCode ?? 200
        let expected = response.expectedContentLength
        let fm = FileManager.default
        switch status {
        case 206:
            // Continue the part.
            if !fm.fileExists(atPath: part) { _ = fm.createFile(atPath: part, contents: nil) }
            file = FileHandle(forWritingAtPath: part)
            _ = try? file?.seekToEnd()
            received = offset
            total = expected >= 0 ? offset + expected : nil
        case 200..<300:
            // The whole file: start the part again.
            _ = fm.createFile(atPath: part, contents: nil)
            file = FileHandle(forWritingAtPath: part)
            received = 0
            total = expected >= 0 ? expected : nil
        default:
            completionHandler(.cancel)
            finish()
            return
        }
        if file == nil { failure = "cannot write \(part)"; completionHandler(.cancel); finish(); return }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let file, !cancelled else { return }
        if shouldStop() { cancelled = true; dataTask.cancel(); return }
        do { try file.write(contentsOf: data) } catch {
            failure = "cannot write \(part): \(error.localizedDescription)"
            dataTask.cancel()
            return
        }
        received += Int64(data.count)
        progress?(received, total)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error, failure == nil, !cancelled, (200..<300).contains(status) || status == 0 {
            failure = (error as NSError).localizedDescription
        }
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        done.signal()
    }
}
