import CCairo
import Foundation

/// The one font plots use: DejaVu Sans, matplotlib's default. It is loaded from a file
/// through FreeType rather than looked up through fontconfig, so text renders the same
/// from the portable bundle (`share/nls/fonts/`, copied by make-dist) on a machine with
/// no fonts installed. Without the file, cairo's toy API asks fontconfig for
/// "DejaVu Sans"; with neither, labels are simply not drawn.
public enum PlotFonts {
    /// Where the font file is looked for, first hit wins: `$NLS_FONT`, the bundle's
    /// `share/nls/fonts` beside the executable, then the Debian package's path.
    public static var candidates: [String] {
        var c: [String] = []
        if let env = ProcessInfo.processInfo.environment["NLS_FONT"], !env.isEmpty { c.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        c.append(exe.appendingPathComponent("../share/nls/fonts/DejaVuSans.ttf").standardizedFileURL.path)
        c.append("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        return c
    }

    /// The loaded face (nil: fall back to the toy API). Loaded once; FreeType faces and the
    /// cairo face wrapping them live for the whole process.
    static let face: OpaquePointer? = {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let lib = library else { return nil }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            var ftFace: FT_Face?
            if FT_New_Face(lib, path, 0, &ftFace) == 0, let f = ftFace {
                let cf = cairo_ft_font_face_create_for_ft_face(f, 0)
                if cairo_font_face_status(cf) == CAIRO_STATUS_SUCCESS { return cf }
            }
        }
        return nil
    }()

    /// Which font text is drawn with, for messages and tests.
    public static var source: String { face != nil ? "DejaVu Sans (file)" : "fontconfig \"DejaVu Sans\"" }

    static func apply(to cr: OpaquePointer) {
        if let f = face { cairo_set_font_face(cr, f) }
        else { cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL) }
    }
}
