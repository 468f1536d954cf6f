variable "schedule" {
  description = "When the job runs"
  type        = string
}
