/// NIfTI images, masking and signal cleaning (nilearn equivalents).
public enum NLSImaging {}
