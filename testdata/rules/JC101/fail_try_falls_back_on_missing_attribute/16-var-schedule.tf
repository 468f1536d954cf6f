variable "settings" {
  description = "Job settings; `schedule` may be left out"
  type        = any
  default     = { cpu = 512 }
}
