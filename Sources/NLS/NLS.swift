public enum NLSLanguage {}
