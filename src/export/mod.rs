//! Writing approved text in the formats the rest of the trade reads: TMX, XLIFF, plain text.
