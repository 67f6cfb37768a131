"""Peak memory of a Python peer benchmark, as bench/*.nls report theirs (peak_memory_mb())."""
import resource


def peak_rss_mb():
    """High-water mark of this process plus its children (joblib workers), in MB (Linux: ru_maxrss is kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024.0
