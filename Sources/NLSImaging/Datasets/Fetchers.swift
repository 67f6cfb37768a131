import Foundation

/// Public datasets downloaded from their canonical URLs (the ones nilearn's
/// `nilearn/datasets/func.py` uses) into a data directory, as nilearn's fetchers do:
/// a file already there is not downloaded again; archives are verified (when the server
/// publishes checksums), unpacked with `tar`, and removed once unpacked.
///
/// Data directory: the `data_dir` argument, else `$NLS_DATA`, else `~/nls_data`; each
/// dataset gets a sub-folder (`haxby2001`, `miyawaki2008`, `adhd`).
public struct DatasetFetcher {
    public var downloader: Downloader
    public var resume: Bool
    /// Messages for the user (downloads started, archives unpacked); nil for silence.
    public var log: ((String) -> Void)?

    public init(downloader: Downloader = Downloader(), resume: Bool = true, log: ((String) -> Void)? = nil) {
        self.downloader = downloader; self.resume = resume; self.log = log
    }

    public static func dataDirectory(_ given: String?) -> String {
        if let given, !given.isEmpty { return given }
        let env = ProcessInfo.processInfo.environment
        if let d = env["NLS_DATA"], !d.isEmpty { return d }
        return (env["HOME"] ?? NSHomeDirectory()) + "/nls_data"
    }

    // MARK: - Haxby 2001

    public struct Haxby: Sendable {
        public var func_: [String], sessionTarget: [String], maskVT: [String], anat: [String]
        public var mask: String
    }

    public static let haxbyURL = "http://data.pymvpa.org/datasets/haxby2001/"
    public static let haxbyMaskURL = "https://www.nitrc.org/frs/download.php/7868/mask.nii.gz"

    /// Haxby et al. (2001), subjects 1–6 (nilearn's default: subject 2). `url` replaces the
    /// base URL (a mirror; the brain mask is then `url + "mask.nii.gz"` too).
    public func haxby(dataDir: String?, subjects: [Int], url: String? = nil) throws -> Haxby {
        guard !subjects.isEmpty, subjects.allSatisfy({ (1...6).contains($0) }) else {
            throw ImagingError("fetch_haxby: subjects must be numbers from 1 to 6, got \(subjects)")
        }
        let dir = Self.dataDirectory(dataDir) + "/haxby2001"
        let base = url.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? Self.haxbyURL
        let mask = dir + "/mask.nii.gz"
        try get(url == nil ? Self.haxbyMaskURL : base + "mask.nii.gz", to: mask)
        var out = Haxby(func_: [], sessionTarget: [], maskVT: [], anat: [], mask: mask)
        var sums: [String: String]?
        for s in subjects {
            let sub = "\(dir)/subj\(s)"
            var expected = ["bold.nii.gz", "labels.txt", "mask4_vt.nii.gz"]
            if s != 6 { expected.append("anat.nii.gz") }   // subject 6 has no anatomical image
            let files = expected.map { sub + "/" + $0 }
            if !files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                if sums == nil {
                    let md5File = dir + "/MD5SUMS"
                    try get(base + "MD5SUMS", to: md5File)
                    sums = try Self.readMD5Sums(md5File)
                }
                let archive = "subj\(s)-2010.01.14.tar.gz"
                try getArchive(base + archive, archive: dir + "/" + archive, md5: sums?[archive], into: dir, expecting: files)
            }
            out.func_.append(files[0]); out.sessionTarget.append(files[1]); out.maskVT.append(files[2])
            if s != 6 { out.anat.append(files[3]) }
        }
        return out
    }

    // MARK: - Miyawaki 2008

    public struct Miyawaki: Sendable {
        public var func_: [String], label: [String], maskROI: [String]
        public var mask: String, background: String
    }

    public static let miyawakiURL = "https://www.nitrc.org/frs/download.php/8486/miyawaki2008.tgz?i_agree=1&download_now=1"
    static let miyawakiROIs = ["LHlag0to1", "LHlag10to11", "LHlag1to2", "LHlag2to3", "LHlag3to4", "LHlag4to5", "LHlag5to6", "LHlag6to7",
                               "LHlag7to8", "LHlag8to9", "LHlag9to10", "LHV1d", "LHV1v", "LHV2d", "LHV2v", "LHV3A", "LHV3", "LHV4v", "LHVP",
                               "RHlag0to1", "RHlag10to11", "RHlag1to2", "RHlag2to3", "RHlag3to4", "RHlag4to5", "RHlag5to6", "RHlag6to7",
                               "RHlag7to8", "RHlag8to9", "RHlag9to10", "RHV1d", "RHV1v", "RHV2d", "RHV2v", "RHV3A", "RHV3", "RHV4v", "RHVP"]

    /// Miyawaki et al. (2008): 12 "figure" runs then 20 "random" runs (nilearn's order),
    /// their 10×10 stimulus labels, the visual-cortex mask, 38 ROI masks, a background image.
    public func miyawaki2008(dataDir: String?, url: String? = nil) throws -> Miyawaki {
        let dir = Self.dataDirectory(dataDir) + "/miyawaki2008"
        let runs = (1...12).map { ("figure", $0) } + (1...20).map { ("random", $0) }
        let func_ = runs.map { dir + "/func/data_\($0.0)_run" + String(format: "%02d", $0.1) + ".nii.gz" }
        let label = runs.map { dir + "/label/data_\($0.0)_run" + String(format: "%02d", $0.1) + "_label.csv" }
        let rois = Self.miyawakiROIs.map { dir + "/mask/\($0).nii.gz" }
        let out = Miyawaki(func_: func_, label: label, maskROI: rois, mask: dir + "/mask/mask.nii.gz", background: dir + "/bg.nii.gz")
        let all = func_ + label + rois + [out.mask, out.background]
        if !all.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            try getArchive(url ?? Self.miyawakiURL, archive: dir + "/miyawaki2008.tgz", md5: nil, into: dir, expecting: all)
        }
        return out
    }

    // MARK: - ADHD-200 (40 subjects, preprocessed)

    public struct ADHD: Sendable {
        public var func_: [String], confounds: [String]
        public var phenotypic: String
    }

    public static let adhdURL = "https://www.nitrc.org/frs/download.php/"
    public static let adhdIDs = ["0010042", "0010064", "0010128", "0021019", "0023008", "0023012", "0027011", "0027018", "0027034", "0027037",
                                 "1019436", "1206380", "1418396", "1517058", "1552181", "1562298", "1679142", "2014113", "2497695", "2950754",
                                 "3007585", "3154996", "3205761", "3520880", "3624598", "3699991", "3884955", "3902469", "3994098", "4016887",
                                 "4046678", "4134561", "4164316", "4275075", "6115230", "7774305", "8409791", "8697774", "9744150", "9750701"]

    /// The ADHD-200 resting-state subset of nilearn (40 subjects; nilearn's default 30).
    public func adhd(dataDir: String?, nSubjects: Int, url: String? = nil) throws -> ADHD {
        guard (1...Self.adhdIDs.count).contains(nSubjects) else {
            throw ImagingError("fetch_adhd: n_subjects must be between 1 and \(Self.adhdIDs.count), got \(nSubjects)")
        }
        let dir = Self.dataDirectory(dataDir) + "/adhd"
        let base = url.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? Self.adhdURL
        let phenotypic = dir + "/ADHD200_40subs_motion_parameters_and_phenotypics.csv"
        if !FileManager.default.fileExists(atPath: phenotypic) {
            try getArchive(base + "7781/adhd40_metadata.tgz", archive: dir + "/adhd40_metadata.tgz", md5: nil, into: dir, expecting: [phenotypic])
        }
        var out = ADHD(func_: [], confounds: [], phenotypic: phenotypic)
        for (n, id) in Self.adhdIDs.prefix(nSubjects).enumerated() {
            let files = ["\(dir)/data/\(id)/\(id)_rest_tshift_RPI_voreg_mni.nii.gz", "\(dir)/data/\(id)/\(id)_regressors.csv"]
            if !files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                try getArchive(base + "\(7782 + n)/adhd40_\(id).tgz", archive: "\(dir)/adhd40_\(id).tgz", md5: nil, into: dir, expecting: files)
            }
            out.func_.append(files[0]); out.confounds.append(files[1])
        }
        return out
    }

    // MARK: - Shared steps

    func get(_ url: String, to path: String, md5: String? = nil) throws {
        if FileManager.default.fileExists(atPath: path) && md5 == nil { return }
        log?("downloading \(url) → \(path)")
        let outcome = try downloader.fetch(url, to: path, md5: md5, resume: resume)
        if outcome == .resumed { log?("resumed a partial download of \(url)") }
    }

    /// Downloads an archive, unpacks it into `dir`, checks that it held `expecting`, removes it.
    func getArchive(_ url: String, archive: String, md5: String?, into dir: String, expecting: [String]) throws {
        try get(url, to: archive, md5: md5)
        log?("unpacking \(archive)")
        do { try Self.untar(archive, into: dir) } catch {
            // A corrupt archive would fail the same way next time: remove it.
            try? FileManager.default.removeItem(atPath: archive)
            throw ImagingError("\(error) (from \(url)); the archive was removed, run the fetch again to download it anew")
        }
        let missing = expecting.filter { !FileManager.default.fileExists(atPath: $0) }
        guard missing.isEmpty else {
            throw ImagingError("\(archive) (from \(url)) does not contain \(missing.count) expected file(s), e.g. \(missing[0])")
        }
        try? FileManager.default.removeItem(atPath: archive)
    }

    static func untar(_ archive: String, into dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tar", "-xzf", archive, "-C", dir]
        let err = Pipe()
        p.standardError = err
        do { try p.run() } catch { throw ImagingError("cannot run tar to unpack \(archive): \(error.localizedDescription)") }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ImagingError("cannot unpack \(archive): \(message.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "; "))")
        }
    }

    /// `HASH  NAME` lines (md5sum's format) → [NAME: HASH].
    static func readMD5Sums(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImagingError("cannot read \(path)") }
        var sums: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            var name = parts[1].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("*") { name.removeFirst() }
            sums[name] = String(parts[0]).lowercased()
        }
        return sums
    }
}
