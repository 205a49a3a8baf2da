// Practice module
