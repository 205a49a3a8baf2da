// FAQ plugin
