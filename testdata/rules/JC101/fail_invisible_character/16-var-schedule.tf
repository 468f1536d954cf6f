variable "schedule" {
  type    = string
  # A zero-width space pasted after the closing parenthesis: invisible in most editors.
  default = "cron(0 3 ? * MON-FRI *)​" # expect: JC101
}
