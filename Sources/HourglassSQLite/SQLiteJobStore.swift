import GRDB
import Hourglass
