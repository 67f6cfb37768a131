// cairo (image, PNG, SVG and PDF surfaces, toy text API) and its FreeType font face,
// through which NLSPlot loads the font it ships with (no fontconfig lookup needed).
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
