"""Past one machine: the extract job on Ray Data, Parquet records, and loading them into a store.

``extract_parquet`` (this machine) and ``extract_ray`` (Ray Data, local or a cluster) write
the same Parquet records (:mod:`.parquet`: one row per article or failure holding the
``extract`` JSON line); ``load`` moves them into a store through its normal write path.
Ray is an optional extra (``pip install 'backchannel[ray]'``), imported only by
``extract_ray``; see docs/scale.md.
"""

from backchannel.scale.load import load
from backchannel.scale.local import extract_parquet
from backchannel.scale.parquet import SCHEMA, check_out, parquet_files, read_rows
from backchannel.scale.ray_engine import INSTALL, extract_ray, import_ray

__all__ = [
    "INSTALL",
    "SCHEMA",
    "check_out",
    "extract_parquet",
    "extract_ray",
    "import_ray",
    "load",
    "parquet_files",
    "read_rows",
]
