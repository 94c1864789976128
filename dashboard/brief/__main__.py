"""python -m dashboard.brief --country NGA --lang en --out nigeria.pptx"""

import sys

from dashboard.brief.cli import main

sys.exit(main())
