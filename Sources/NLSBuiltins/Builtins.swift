import NLS
public enum NLSBuiltinsLayer {}
