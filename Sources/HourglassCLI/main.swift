print("hourglass")
