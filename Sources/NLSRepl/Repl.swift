import CEditLine
public enum NLSReplLayer {}
