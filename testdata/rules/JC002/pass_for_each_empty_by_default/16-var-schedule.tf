variable "schedules" {
  description = "Schedule expressions by job suffix, given by callers"
  type        = map(string)
  default     = {}
}
