"""Raw OOXML that python-docx has no API for: direction, complex-script fonts and sizes, language
slots, section direction, the page-number field. The only module that builds WordprocessingML by hand.

Children are inserted in the order the ECMA-376 schema gives (python-docx's own `_tag_seq` idea),
so Word accepts the file.
"""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# ECMA-376 Part 1, CT_PPrBase / CT_RPr / CT_SectPr child order (the parts we touch).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
# CT_Settings child order (themeFontLang sits near the end).
SETTINGS_ORDER = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                  "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                  "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                  "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                  "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                  "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
                  "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                  "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                  "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
                  "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
                  "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
                  "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
                  "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                  "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                  "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
                  "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
                  "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
                  "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                  "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                  "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
                  "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                  "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                  "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                  "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def child(parent, name: str, order: tuple, **attributes):
    """The w:name child of parent, created in schema order if missing; attributes set on it."""
    found = parent.find(qn(f"w:{name}"))
    if found is None:
        found = OxmlElement(f"w:{name}")
        position = order.index(name)
        later = {qn(f"w:{n}") for n in order[position + 1:]}
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(found)
        else:
            successor.addprevious(found)
    for key, value in attributes.items():
        found.set(qn(f"w:{key}"), value)
    return found


def properties(element, kind: str):
    """The w:pPr or w:rPr of a paragraph, run or style element (created in place when missing)."""
    name = qn(f"w:{kind}")
    found = element.find(name)
    if found is None:
        found = OxmlElement(f"w:{kind}")
        if element.tag == qn("w:p"):
            element.insert(0, found)
        elif element.tag == qn("w:r"):
            element.insert(0, found)
        else:  # a style: pPr after the style's header children, rPr after pPr
            anchor = element.find(qn("w:pPr")) if kind == "rPr" else None
            tail = (anchor if anchor is not None else _last_header_child(element))
            if tail is None:
                element.insert(0, found)
            else:
                tail.addnext(found)
    return found


def _last_header_child(style):
    header = {qn(f"w:{n}") for n in ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
                                      "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked",
                                      "personal", "personalCompose", "personalReply", "rsid")}
    last = None
    for item in style:
        if item.tag in header:
            last = item
    return last


# --- paragraphs ----------------------------------------------------------------------------------------

def set_paragraph_bidi(ppr, on: bool = True) -> None:
    """<w:bidi/>: the paragraph reads right to left (section bidi alone does not do this);
    <w:bidi w:val="0"/> undoes a style's bidi for a left-to-right paragraph."""
    bidi = child(ppr, "bidi", PPR_ORDER)
    if not on:
        bidi.set(qn("w:val"), "0")


def set_justification(ppr, value: str) -> None:
    """jc; in a bidi paragraph left/right mean start/end, so right-alignment is never written as 'right'."""
    if value in ("right", "start", "end"):
        raise ValueError(f"jc={value!r} is ambiguous in bidi paragraphs; use 'both' or leave jc out")
    child(ppr, "jc", PPR_ORDER, val=value)


def set_keep_with_next(ppr) -> None:
    child(ppr, "keepNext", PPR_ORDER)


# --- runs and run properties --------------------------------------------------------------------------

def set_run_rtl(rpr) -> None:
    child(rpr, "rtl", RPR_ORDER)


def set_fonts(rpr, latin: str | None = None, complex_script: str | None = None) -> None:
    """rFonts with explicit names; theme attributes removed, since w:cstheme overrides w:cs."""
    fonts = child(rpr, "rFonts", RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme") if latin else ("cstheme",):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
    if complex_script:
        fonts.attrib.pop(qn("w:cstheme"), None)
        fonts.set(qn("w:cs"), complex_script)


def set_size(rpr, half_points: int) -> None:
    """sz with szCs beside it: complex-script text has its own size slot."""
    child(rpr, "sz", RPR_ORDER, val=str(half_points))
    child(rpr, "szCs", RPR_ORDER, val=str(half_points))


def set_bold(rpr) -> None:
    child(rpr, "b", RPR_ORDER)
    child(rpr, "bCs", RPR_ORDER)


def set_italic(rpr) -> None:
    child(rpr, "i", RPR_ORDER)
    child(rpr, "iCs", RPR_ORDER)


def clear_italic(rpr) -> None:
    """No w:i / w:iCs: Arabic-script text is not slanted (a template style may have italics)."""
    for name in ("i", "iCs"):
        found = rpr.find(qn(f"w:{name}"))
        if found is not None:
            rpr.remove(found)


def set_color(rpr, hex_rgb: str) -> None:
    child(rpr, "color", RPR_ORDER, val=hex_rgb)


def set_language(rpr, latin: str, bidi: str | None) -> None:
    """w:lang: w:val is the Latin slot, w:bidi the complex-script slot."""
    lang = child(rpr, "lang", RPR_ORDER, val=latin)
    if bidi:
        lang.set(qn("w:bidi"), bidi)


def complete_complex_script_pairs(rpr) -> None:
    """Every sz gets a szCs, every b a bCs, every i an iCs (the complex-script twins)."""
    for latin, twin in (("sz", "szCs"), ("b", "bCs"), ("i", "iCs")):
        found = rpr.find(qn(f"w:{latin}"))
        if found is not None and rpr.find(qn(f"w:{twin}")) is None:
            pair = child(rpr, twin, RPR_ORDER)
            if found.get(qn("w:val")) is not None:
                pair.set(qn("w:val"), found.get(qn("w:val")))


def remove_complex_script_theme(root) -> None:
    """Drop every w:cstheme under root: it would override the explicit w:cs font name."""
    for fonts in root.iter(qn("w:rFonts")):
        fonts.attrib.pop(qn("w:cstheme"), None)


# --- tables ------------------------------------------------------------------------------------------

TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
               "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
               "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")


def set_table_style_bidi(style) -> None:
    """w:bidiVisual in a table style: its tables read right to left (first column at the right)."""
    child(child(style, "tblPr", STYLE_ORDER), "bidiVisual", TBLPR_ORDER)


# --- sections, settings, fields -----------------------------------------------------------------------

def set_section_bidi(sectpr) -> None:
    """Section bidi: page numbers on the right-to-left side, columns ordered right to left."""
    child(sectpr, "bidi", SECTPR_ORDER)


def set_theme_font_language(settings, latin: str, bidi: str | None) -> None:
    lang = child(settings, "themeFontLang", SETTINGS_ORDER, val=latin)
    if bidi:
        lang.set(qn("w:bidi"), bidi)


def append_page_number_field(paragraph) -> None:
    """A PAGE field (begin, instruction, separate, placeholder, end) at the end of a paragraph."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            run.append(_element("w:fldChar", fldCharType=kind))
        elif text.strip() == "PAGE":
            instruction = _element("w:instrText")
            instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instruction.text = text
            run.append(instruction)
        else:
            placeholder = _element("w:t")
            placeholder.text = text
            run.append(placeholder)
        paragraph.append(run)


def _element(name: str, **attributes):
    element = OxmlElement(name)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


# --- clean styles, proof marks, page digits, embedded fonts --------------------------------------------

def remove_children(properties, *local_names) -> None:
    """Drop w:name children (a template style's letter spacing, border, theme colour)."""
    for name in local_names:
        for found in properties.findall(qn(f"w:{name}")):
            properties.remove(found)


def set_plain_colour(rpr, hex_rgb: str) -> None:
    """w:color with no theme attributes: w:themeColor would override the value."""
    colour = child(rpr, "color", RPR_ORDER, val=hex_rgb)
    for theme in ("themeColor", "themeShade", "themeTint"):
        colour.attrib.pop(qn(f"w:{theme}"), None)


def set_shading(rpr, fill: str) -> None:
    """A background behind the run's letters (w:shd, clear pattern)."""
    child(rpr, "shd", RPR_ORDER, val="clear", color="auto", fill=fill)


def set_page_number_format(sectpr, number_format: str) -> None:
    """w:pgNumType w:fmt: the digits the PAGE field shows (hindiNumbers: Arabic-Indic)."""
    child(sectpr, "pgNumType", SECTPR_ORDER, fmt=number_format)


FONT_ORDER = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular",
              "embedBold", "embedItalic", "embedBoldItalic")
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def embed_font(fonts_root, family: str, slot: str, relationship_id: str, font_key: str) -> None:
    """A w:font entry for family with an embedded file (slot: embedRegular or embedBold)."""
    entry = next((f for f in fonts_root.findall(qn("w:font")) if f.get(qn("w:name")) == family), None)
    if entry is None:
        entry = OxmlElement("w:font")
        entry.set(qn("w:name"), family)
        fonts_root.append(entry)
        child(entry, "charset", FONT_ORDER, val="00")
        child(entry, "pitch", FONT_ORDER, val="variable")
    embedded = child(entry, slot, FONT_ORDER, fontKey=font_key)
    embedded.set(R_ID, relationship_id)


def set_embed_true_type_fonts(settings) -> None:
    """Tell Word (and LibreOffice) the package carries its fonts."""
    child(settings, "embedTrueTypeFonts", SETTINGS_ORDER)
