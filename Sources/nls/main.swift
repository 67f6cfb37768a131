print("nls")
